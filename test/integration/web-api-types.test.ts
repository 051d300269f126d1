import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGatewayApp, openApiDocument } from '../../apps/gateway/main';
import { loadConfig } from '../../libs/config';

const API_DIR = join(__dirname, '../../apps/web/src/api');

/**
 * The web application's API types are generated from the gateway's OpenAPI document
 * (`npm run api:types`), never written by hand: the committed document and types must be what the
 * gateway describes now, or a contract change went unnoticed by the browser code.
 */
describe('the web application’s API types', () => {
  test('the committed OpenAPI document and generated types match the gateway as it is', async () => {
    const app = await createGatewayApp(
      loadConfig({ ...process.env, DATABASE_URL: 'postgres://openapi@127.0.0.1:1/none', LOG_LEVEL: 'error' }),
    );
    await app.init();
    const document = `${JSON.stringify(openApiDocument(app), null, 2)}\n`;
    await app.close();
    expect(document).toBe(readFileSync(join(API_DIR, 'openapi.json'), 'utf8'));

    const scratch = mkdtempSync(join(tmpdir(), 'onestop-api-'));
    writeFileSync(join(scratch, 'openapi.json'), document);
    execFileSync(
      process.execPath,
      [
        join(__dirname, '../../node_modules/openapi-typescript/bin/cli.js'),
        join(scratch, 'openapi.json'),
        '-o',
        join(scratch, 'schema.d.ts'),
      ],
      { stdio: 'ignore' },
    );
    expect(readFileSync(join(scratch, 'schema.d.ts'), 'utf8')).toBe(readFileSync(join(API_DIR, 'schema.d.ts'), 'utf8'));
  });
});
