import { InitialSchema1795646935936 } from './1795646935936-InitialSchema';

/** Every migration, in order. New ones are generated with `npm run migration:generate -- libs/persistence/migrations/Name` and added here. */
export const MIGRATIONS = [InitialSchema1795646935936];
