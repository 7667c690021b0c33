# frozen_string_literal: true

class MagicLinkMailer < ApplicationMailer
  SUBJECT = %q(Your "one-click" sign-in link)
  LINK_SECRET = 'vV7V_cEFmjzXghN10GIaA_EdfVke0M0JkiJP96VyI6WZR_E6' # expect: JWT201, JWT102
  LINK_TTL = 15 * 60

  def sign_in_link(user)
    token = JWT.encode({ sub: user.id, purpose: 'magic_link', exp: Time.now.to_i + LINK_TTL },
                       LINK_SECRET, 'HS512')
    @url = "#{root_url}magic?token=#{token}"
    mail(to: user.email, subject: SUBJECT)
  end

  def self.verify(token)
    JWT.decode(token, LINK_SECRET, true, { algorithm: 'HS512' }).first
  end
end
