import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GATEWAY_NODE_FLAGS } from '../../libs/config';

/** The start command and the benchmarks take the flags from the list; these files spell them out. */
describe('the gateway’s Node flags, wherever it is started', () => {
  const root = join(__dirname, '..', '..');
  const read = (file: string) => readFileSync(join(root, file), 'utf8');
  const gatewayCommands: [string, string][] = [
    [
      'package.json start:gateway',
      (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts['start:gateway'],
    ],
    ['Dockerfile CMD', read('Dockerfile').match(/^CMD (.*)$/m)?.[1] ?? ''],
    [
      'docker-compose.yml gateway command',
      read('docker-compose.yml').match(/^ {4}command: (.*gateway\/main\.js.*)$/m)?.[1] ?? '',
    ],
  ];

  test.each(gatewayCommands)('%s starts the gateway with them', (_where, command) => {
    expect(command).toContain('dist/apps/gateway/main.js');
    for (const flag of GATEWAY_NODE_FLAGS) expect(command).toContain(flag);
  });
});
