# frozen_string_literal: true

Devise.setup do |config|
  config.mailer_sender = 'no-reply@blog.example.com'

  require 'devise/orm/active_record'

  config.navigational_formats = []

  config.jwt do |jwt|
    jwt.secret = ENV['DEVISE_JWT_SECRET_KEY']
    # jwt.secret = 'a-secret-for-local-runs' # never commit a real key here
    jwt.expiration_time = 2.hours.to_i
  end
end
