import Config

config :chat, ChatWeb.Endpoint,
  url: [host: "localhost"],
  pubsub_server: Chat.PubSub

config :chat, Chat.Guardian,
  issuer: "chat",
  allowed_algos: ["HS256"]

config :joken, default_signer: nil

import_config "#{config_env()}.exs"
