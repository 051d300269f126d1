import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../infrastructure/database.service';
import { TemporalService } from '../infrastructure/temporal.service';
import type { ReadinessDto } from './health.dto';

/** Short, so a load balancer's probe gets an answer before its own timeout. */
const CHECK_TIMEOUT_MS = 2_000;

@Injectable()
export class HealthService {
  constructor(
    private readonly database: DatabaseService,
    private readonly temporal: TemporalService,
  ) {}

  async readiness(): Promise<ReadinessDto> {
    const [database, temporal] = await Promise.all([
      this.database.ping(CHECK_TIMEOUT_MS),
      this.temporal.ping(CHECK_TIMEOUT_MS),
    ]);
    return {
      status: database && temporal ? 'ok' : 'unavailable',
      checks: { database: database ? 'up' : 'down', temporal: temporal ? 'up' : 'down' },
    };
  }
}
