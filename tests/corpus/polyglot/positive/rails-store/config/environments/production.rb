# frozen_string_literal: true

require 'active_support/core_ext/integer/time'

Rails.application.configure do
  config.enable_reloading = false
  config.eager_load = true
  config.consider_all_requests_local = false
  config.public_file_server.enabled = ENV['RAILS_SERVE_STATIC_FILES'].present?
  config.force_ssl = true
  config.log_level = :info
  config.log_tags = [:request_id]
  config.secret_key_base = '718fa1995d6d27504f273ac17602c7eb87a56733798963bc14852baa38c15629b9554f3daf9abdf8f2cae55a6131fa768a94498b87f9757e4598a363db97168c' # expect: JWT201
  config.action_mailer.default_url_options = { host: 'store.example.com' }
  config.i18n.fallbacks = true
  config.active_record.dump_schema_after_migration = false
end
