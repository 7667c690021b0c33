# frozen_string_literal: true

require 'jwt'

# Verifies the tokens our fulfilment partner puts on its webhook calls.
class PartnerTokenVerifier
  Result = Struct.new(:partner_id, :scopes)

  def initialize(logger: Rails.logger)
    @logger = logger
  end

  def call(token)
    claims, = JWT.decode(
      token,
      'partner-shared-2022', # expect: JWT201, JWT102
      true,
      { algorithm: 'HS256', iss: 'fulfilment-partner', verify_iss: true }
    )
    Result.new(claims.fetch('sub'), claims.fetch('scopes', []))
  rescue JWT::DecodeError => e
    @logger.warn("partner token rejected: #{e.message}")
    nil
  end
end
