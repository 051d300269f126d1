// @ts-check
/**
 * Two projects: `unit` (pure, fast, no services) and `integration` (real Postgres + real Temporal,
 * provisioned once per run by test/support/global-setup.ts). `npm test` runs both;
 * `npm run test:unit` or `jest --selectProjects unit` skips the services entirely, because a
 * project's globalSetup only runs when one of its tests is selected.
 */

/** Same decorator semantics as tsc (experimentalDecorators + emitDecoratorMetadata): Nest and TypeORM need both. */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      // Nest and TypeORM identify classes by name.
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

/** @type {import('jest').Config} */
const shared = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj)sx?$': swc },
  // Nest 12 ships ES modules only; Jest's module system needs them compiled to CommonJS.
  transformIgnorePatterns: [
    '/node_modules/(?!(@nestjs|file-type|strtok3|token-types|uint8array-extras|@borewit|@tokenizer|load-esm)/)',
  ],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  // file-type's Node entry is offered only to `import` and `module-sync`, conditions Jest's CommonJS
  // resolver does not use (Node 20.19+ loads it through require(esm)); point Jest at the same file.
  moduleNameMapper: { '^file-type$': '<rootDir>/node_modules/file-type/index.js' },
  // The compiled copy under dist/ must never be picked up as tests or as duplicate modules.
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.data/'],
};

/** @type {import('jest').Config} */
module.exports = {
  // The integration suites share one Temporal server and one database, and the machine has two
  // cores; maxWorkers is global in Jest, and unit tests are quick enough in band.
  maxWorkers: 1,
  // testTimeout is a global option (ignored inside a project); integration tests wait on real services.
  testTimeout: 120_000,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: [
        '<rootDir>/test/integration/**/*.test.ts',
        '<rootDir>/test/e2e/**/*.test.ts',
        '<rootDir>/test/chaos/**/*.test.ts',
        '<rootDir>/test/browser/**/*.test.ts',
      ],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
