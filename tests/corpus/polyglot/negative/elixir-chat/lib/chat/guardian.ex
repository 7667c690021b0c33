defmodule Chat.Guardian do
  use Guardian, otp_app: :chat

  def subject_for_token(%{id: id}, _claims), do: {:ok, to_string(id)}
  def subject_for_token(_, _), do: {:error, :no_id}

  def resource_from_claims(%{"sub" => id}), do: {:ok, Chat.Accounts.get_user!(id)}

  # The key may also be given per call:
  #   Chat.Guardian.encode_and_sign(user, %{}, secret: "secret")
  def sign_with_env_key(user) do
    encode_and_sign(user, %{}, secret: System.get_env("GUARDIAN_SECRET_KEY"))
  end
end
