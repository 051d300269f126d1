import type { Provider } from '@nestjs/common';
import type { Config } from '../../../libs/config';

/** Injection token of the validated configuration (an interface, so it needs a token). */
export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');

export function configProvider(config: Config): Provider {
  return { provide: GATEWAY_CONFIG, useValue: config };
}
