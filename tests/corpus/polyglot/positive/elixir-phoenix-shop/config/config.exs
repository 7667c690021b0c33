import Config

config :shop,
  ecto_repos: [Shop.Repo],
  generators: [timestamp_type: :utc_datetime]

config :shop, ShopWeb.Endpoint,
  url: [host: "localhost"],
  render_errors: [formats: [json: ShopWeb.ErrorJSON], layout: false],
  pubsub_server: Shop.PubSub

config :joken, default_signer: "secretsecretsecretsecretsecretsecret" # expect: JWT201, JWT103

config :shop, Shop.Guardian,
  issuer: "shop",
  secret_key: "Secret key. You can use `mix guardian.gen.secret` to get one" # expect: JWT201, JWT101

config :logger, :console,
  format: "$time $metadata[$level] $message\n",
  metadata: [:request_id]

config :phoenix, :json_library, Jason

import_config "#{config_env()}.exs"
