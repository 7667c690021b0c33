defmodule Shop.DevTokens do
  @moduledoc false
  # Signers for the seeds and the local console. Production sets both variables.

  def strip_quotes(value), do: String.replace(value, ["\"", "'"], "")

  def header(token), do: ~s(Bearer "#{token}")

  def signer do
    secret = System.get_env("JWT_SECRET", "dev-only") # expect: JWT201, JWT102
    Joken.Signer.create("HS256", secret)
  end

  def partner_signer do
    secret = System.get_env("PARTNER_JWT_SECRET") || "KmjhEC0MEDeiC3M2M8yaiC1etpW4rcKiVaUMokQu" # expect: JWT201, JWT102
    Joken.Signer.create("HS384", secret)
  end

  def partner_token(partner_id) do
    claims = %{"sub" => partner_id, "exp" => System.system_time(:second) + 300}
    Joken.encode_and_sign(claims, partner_signer())
  end
end
