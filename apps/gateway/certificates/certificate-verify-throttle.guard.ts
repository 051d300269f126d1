import { Inject, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerRequest } from '@nestjs/throttler';
import type { Config } from '../../../libs/config';
import { GATEWAY_CONFIG } from '../infrastructure/config.provider';

const MINUTE_MS = 60_000;

/**
 * Public certificate verification needs no login, so it is rate-limited per client address
 * (CERTIFICATE_VERIFY_PER_MINUTE): a code cannot be guessed anyway (160 random bits), and this keeps
 * a scraper from loading the database. Counts are kept apart from sign-in attempts (the key names
 * this guard's route) and live in the gateway's memory, like the login throttle's.
 */
@Injectable()
export class CertificateVerifyThrottleGuard extends ThrottlerGuard {
  @Inject(GATEWAY_CONFIG) private readonly config!: Config;

  protected override handleRequest(request: ThrottlerRequest): Promise<boolean> {
    return super.handleRequest({
      ...request,
      limit: this.config.certificates.verifyPerMinute,
      ttl: MINUTE_MS,
      blockDuration: MINUTE_MS,
    });
  }
}
