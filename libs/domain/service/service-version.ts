import type { RouteStep } from '../route/route.types';
import type { StepConfig } from './step-config';

export interface VersionedStep extends RouteStep {
  config: StepConfig;
}

/**
 * An immutable published version of a service: the route and every step config.
 * The application workflow receives this as input and never reads the database.
 */
export interface ServiceVersionSnapshot {
  serviceCode: string;
  name: string;
  version: number;
  overallLimitDays: number;
  steps: VersionedStep[];
}
