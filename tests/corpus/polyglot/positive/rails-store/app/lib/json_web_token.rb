# frozen_string_literal: true

require 'jwt'

# Encodes and decodes the storefront API's access tokens.
class JsonWebToken
  HMAC_SECRET = 'my$ecretK3y' # expect: JWT201, JWT101
  LEEWAY = 30

  class << self
    def encode(payload, exp = 24.hours.from_now)
      payload = payload.merge(exp: exp.to_i)
      JWT.encode(payload, HMAC_SECRET, 'HS256')
    end

    def decode(token)
      body = JWT.decode(token, HMAC_SECRET, true, { algorithm: 'HS256', leeway: LEEWAY })[0]
      HashWithIndifferentAccess.new(body)
    rescue JWT::ExpiredSignature, JWT::VerificationError => e
      raise ExceptionHandler::InvalidToken, e.message
    end
  end
end
