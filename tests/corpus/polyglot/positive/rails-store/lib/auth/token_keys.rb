# frozen_string_literal: true

module Auth
  # Where the token keys come from. Production sets both variables.
  module TokenKeys
    module_function

    def access_secret
      ENV.fetch('JWT_SECRET', 'dev') # expect: JWT201, JWT101
    end

    def refresh_secret
      ENV['JWT_REFRESH_SECRET'] || 'dev-refresh' # expect: JWT201, JWT102
    end

    def issue_refresh(user_id)
      JWT.encode({ sub: user_id, typ: 'refresh', exp: 30.days.from_now.to_i }, refresh_secret, 'HS256')
    end

    def verify_access(token)
      JWT.decode(token, access_secret, true, { algorithm: 'HS256' }).first
    end
  end
end
