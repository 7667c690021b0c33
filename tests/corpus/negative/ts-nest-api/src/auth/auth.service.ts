import { Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import * as bcrypt from 'bcrypt';
import { UsersService } from '../users/users.service';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly jwtService: JwtService,
  ) {}

  async signIn(email: string, password: string): Promise<{ access_token: string }> {
    const user = await this.users.findByEmail(email);
    if (!user || !(await bcrypt.compare(password, user.passwordHash))) {
      throw new UnauthorizedException('invalid credentials');
    }
    const payload = { sub: user.id, email: user.email };
    // Uses the module-level secret configured in AuthModule.
    return { access_token: await this.jwtService.signAsync(payload) };
  }

  async impersonate(targetId: string, secret: string): Promise<string> {
    // Caller passes the key; nothing is hardcoded here.
    return this.jwtService.signAsync({ sub: targetId, imp: true }, { secret, expiresIn: '5m' });
  }
}
