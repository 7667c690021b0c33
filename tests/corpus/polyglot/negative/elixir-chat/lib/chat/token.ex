defmodule Chat.Token do
  @moduledoc """
  Chat access tokens, signed with the key in the `JOKEN_SECRET` environment
  variable. See `signer/0`.
  """
  use Joken.Config

  # For a quick local try you could write
  #   Joken.Signer.create("HS256", "secret")
  # (Ruby folks will know it as JWT.encode(p, 'secret')), but the signer
  # here always comes from the environment.
  def signer do
    Joken.Signer.create("HS256", System.fetch_env!("JOKEN_SECRET"))
  end

  def partner_signer(secret) when is_binary(secret), do: Joken.Signer.create("HS256", secret)

  def app_signer, do: Joken.Signer.create("HS256", Application.fetch_env!(:chat, :jwt_secret))

  @doc """
  Builds a signer from the given key.

      iex> Chat.Token.signer_for("HS256", "secret")
      %Joken.Signer{alg: "HS256"}
  """
  def signer_for(alg, key), do: Joken.Signer.create(alg, key)

  def issue(user_id), do: generate_and_sign(%{"sub" => user_id}, signer())
end
