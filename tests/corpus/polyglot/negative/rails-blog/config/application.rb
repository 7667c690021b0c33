# frozen_string_literal: true

require_relative 'boot'
require 'rails/all'

Bundler.require(*Rails.groups)

module Blog
  class Application < Rails::Application
    config.load_defaults 7.1
    config.api_only = true
    config.secret_key_base = Rails.application.credentials.secret_key_base
    config.time_zone = 'UTC'
  end
end
