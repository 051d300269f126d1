import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import type { Config } from '../../../libs/config';
import { AccountRepository } from '../../../libs/persistence/repositories/account.repository';
import { GATEWAY_CONFIG } from '../infrastructure/config.provider';
import { repositoryProvider } from '../infrastructure/database.service';
import { AuthController } from './auth.controller';
import { AccountStatusCache } from './account-status.cache';
import { JwtAuthGuard } from './auth.guard';
import { LoginThrottleGuard } from './login-throttle.guard';
import { AuthService } from './auth.service';
import { RolesGuard } from './roles.guard';

@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [GATEWAY_CONFIG],
      useFactory: (config: Config) => ({
        // A key object, not the string: given a string, jsonwebtoken first tries it as a public key on
        // every verify and builds the secret key from the thrown error's catch (a stack trace, source-mapped
        // in production: 15 % of the gateway's CPU on a queue page). The bytes, and so the tokens, are the same.
        secret: createSecretKey(Buffer.from(config.auth.jwtSecret, 'utf8')),
        signOptions: { algorithm: 'HS256', expiresIn: config.auth.tokenTtlSeconds },
        // Pinned so a token cannot choose its own algorithm (e.g. "none").
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
    ThrottlerModule.forRootAsync({
      inject: [GATEWAY_CONFIG],
      useFactory: (config: Config) => ({
        // Named "default" so the 429 carries the standard Retry-After header (other names suffix it).
        throttlers: [{ name: 'default', ttl: 60_000, limit: config.auth.loginAttemptsPerMinute }],
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    AccountStatusCache,
    LoginThrottleGuard,
    repositoryProvider(AccountRepository),
    // Global guards run in this order: who is calling, then whether their role may.
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
  ],
})
export class AuthModule {}
