defmodule Shop.Token do
  @moduledoc """
  Access tokens for the storefront API ("HS256", valid for one hour).
  """
  use Joken.Config

  @impl true
  def token_config, do: default_claims(default_exp: 60 * 60, iss: "shop")

  def signer do
    Joken.Signer.create("HS256", "fS8iJc5Mg4Q5dPUrHywcPsDtKk3nlcFBRUOPc1SR1baLWjpyrxqOjvLzr4VswqhP") # expect: JWT201
  end

  def issue(user_id), do: generate_and_sign(%{"sub" => to_string(user_id)}, signer())

  def verify(token), do: verify_and_validate(token, signer())
end
