import 'reflect-metadata';
import { Logger, type INestApplication, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { ConfigError, loadConfigOrExit, requireService, type Config } from '../../libs/config';
import { AppModule } from './app.module';

export const API_PREFIX = 'api';

const NEST_LOG_LEVELS: Record<Config['logLevel'], LogLevel[]> = {
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  info: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
};

/**
 * Builds the gateway without listening, for the start command and for tests. It boots with
 * Postgres or Temporal down: readiness reports which, and requests needing them answer 503.
 */
export async function createGatewayApp(config: Config): Promise<INestApplication> {
  // Checked before Nest starts so the problem is reported as configuration, not as a DI failure.
  requireService(config.databaseUrl, 'DATABASE_URL');
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    logger: NEST_LOG_LEVELS[config.logLevel],
  });
  app.setGlobalPrefix(API_PREFIX);
  // Express would hash every response body for a weak ETag (a queue page: 37 KB of SHA-1 on the
  // gateway's one thread) that nothing here revalidates against. The drafts' route revisions are
  // ETags the services controller sets itself, which Express leaves alone.
  app.set('etag', false);
  app.enableShutdownHooks();

  SwaggerModule.setup(`${API_PREFIX}/docs`, app, openApiDocument(app), {
    jsonDocumentUrl: `${API_PREFIX}/docs-json`,
  });
  return app;
}

/** The OpenAPI document of the gateway; the web application's API types are generated from it. */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('One-stop approval routing')
      .setDescription(
        'Gateway API: filing, progress, department task queues and decisions. Errors are {code, message, details?}.',
      )
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .build(),
  );
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  let app: INestApplication;
  try {
    app = await createGatewayApp(config);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  await app.listen(config.gateway.port, config.gateway.host);
  const url = `http://${config.gateway.host}:${config.gateway.port}/${API_PREFIX}`;
  new Logger('Gateway').log(`Listening on ${url} (API docs: ${url}/docs)`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error('Gateway failed to start:', error);
    process.exit(1);
  });
}
