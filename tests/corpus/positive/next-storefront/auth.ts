import NextAuth from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { verifyPassword, findCustomerByEmail } from '@/lib/customers';

export const { handlers, auth, signIn, signOut } = NextAuth({
  providers: [
    Credentials({
      credentials: {
        email: { label: 'Email', type: 'email' },
        password: { label: 'Password', type: 'password' },
      },
      async authorize(credentials) {
        const customer = await findCustomerByEmail(String(credentials?.email ?? ''));
        if (!customer) return null;
        const ok = await verifyPassword(customer, String(credentials?.password ?? ''));
        return ok ? { id: customer.id, email: customer.email, name: customer.name } : null;
      },
    }),
  ],
  session: { strategy: 'jwt', maxAge: 60 * 60 * 24 },
  secret: 'nextauth-dev-secret', // expect: JWT201, JWT102
  pages: { signIn: '/account/login' },
});
