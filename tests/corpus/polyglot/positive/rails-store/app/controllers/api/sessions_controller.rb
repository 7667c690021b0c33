# frozen_string_literal: true

module Api
  class SessionsController < ApplicationController
    skip_before_action :authenticate_request, only: :create

    WELCOME = <<~TEXT
      Signed in. Send the token in the "Authorization: Bearer ..." header;
      it's valid for one hour.
    TEXT

    def create
      user = User.find_by(email: params[:email])
      return head :unauthorized unless user&.authenticate(params[:password])

      payload = { sub: user.id, role: user.role, exp: 1.hour.from_now.to_i }
      token = JWT.encode(payload, 'qTwgZLZVuCHQMBDZTvDH45X_I__Y9IShXtJwo9AmuiOHIR7m66FgBTEYFIcTIhZt', 'HS256') # expect: JWT201
      render json: { token: token, message: WELCOME }, status: :created
    end

    def destroy
      head :no_content
    end
  end
end
