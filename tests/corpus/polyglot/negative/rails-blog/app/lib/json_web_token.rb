# frozen_string_literal: true

require 'jwt'

# Usage, as in the ruby-jwt README (for reference only, the keys below come
# from the environment):
#   token = JWT.encode(payload, 'secret', 'HS256')
#   JWT.decode(token, 'secret', true, { algorithm: 'HS256' })
class JsonWebToken
  SECRET = ENV['JWT_SECRET']
  REFRESH_SECRET = ENV.fetch('JWT_REFRESH_SECRET')
  PARTNER_SECRET = ENV.fetch('PARTNER_JWT_SECRET') { raise KeyError, 'PARTNER_JWT_SECRET is required' }

  class << self
    def encode(payload, exp = 1.hour.from_now)
      JWT.encode(payload.merge(exp: exp.to_i), SECRET, 'HS256')
    end

    def decode(token)
      JWT.decode(token, SECRET, true, { algorithm: 'HS256' }).first
    end

    def encode_refresh(user)
      JWT.encode({ sub: user.id, exp: 30.days.from_now.to_i }, REFRESH_SECRET, 'HS256')
    end

    def decode_partner(token, key = PARTNER_SECRET)
      JWT.decode(token, key, true, { algorithm: 'HS256' }).first
    end

    def decode_with_credentials(token)
      key = Rails.application.credentials.dig(:jwt, :secret)
      JWT.decode(token, key, true, { algorithm: 'HS256' }).first
    end
  end

=begin
The first version signed with a literal key:
  JWT.encode(payload, 'my$ecretK3y', 'HS256')
It was rotated in 2022.
=end
end
