import Config

if config_env() == :prod do
  config :chat, Chat.Guardian,
    secret_key: System.fetch_env!("GUARDIAN_SECRET_KEY")

  config :joken, default_signer: System.get_env("JOKEN_SECRET")

  config :chat, Chat.Repo,
    url: System.fetch_env!("DATABASE_URL"),
    pool_size: String.to_integer(System.get_env("POOL_SIZE", "10"))
end
