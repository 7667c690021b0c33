# frozen_string_literal: true

Devise.setup do |config|
  config.mailer_sender = 'no-reply@store.example.com'

  require 'devise/orm/active_record'

  config.case_insensitive_keys = [:email]
  config.strip_whitespace_keys = [:email]
  config.skip_session_storage = [:http_auth, :params_auth]
  config.stretches = 12
  config.password_length = 8..128
  config.navigational_formats = []

  config.jwt do |jwt|
    jwt.secret = 'ThisIsMySuperSecretKeyForJwtTokensInDevelopment' # expect: JWT201, JWT103
    jwt.dispatch_requests = [['POST', %r{^/users/sign_in$}]]
    jwt.revocation_requests = [['DELETE', %r{^/users/sign_out$}]]
    jwt.expiration_time = 1.day.to_i
  end
end
