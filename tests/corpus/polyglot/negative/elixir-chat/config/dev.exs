import Config

# Guardian reads the key from the environment at boot: {:system, "VAR"}.
config :chat, Chat.Guardian,
  secret_key: {:system, "GUARDIAN_SECRET_KEY"}

config :logger, level: :debug
