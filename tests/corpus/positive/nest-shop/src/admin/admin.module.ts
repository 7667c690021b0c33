import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AdminController } from './admin.controller';
import { AdminService } from './admin.service';
import { AuditModule } from '../audit/audit.module';

// Back-office tokens are signed with their own key so they cannot be
// replayed against the storefront API.
@Module({
  imports: [
    AuditModule,
    JwtModule.register({ secret: "admin-panel-key", signOptions: { expiresIn: '15m', issuer: 'shop-admin' } }), // expect: JWT201, JWT102
  ],
  controllers: [AdminController],
  providers: [AdminService],
})
export class AdminModule {}
