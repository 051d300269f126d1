import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { Config } from '../../../libs/config';
import { configProvider, GATEWAY_CONFIG } from './config.provider';
import { DatabaseService } from './database.service';
import { TemporalService } from './temporal.service';

/** Config, Postgres and Temporal, shared by every feature module. */
@Global()
@Module({})
export class InfrastructureModule {
  static forRoot(config: Config): DynamicModule {
    return {
      module: InfrastructureModule,
      providers: [configProvider(config), DatabaseService, TemporalService],
      exports: [GATEWAY_CONFIG, DatabaseService, TemporalService],
    };
  }
}
