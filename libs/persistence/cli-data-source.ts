import { loadConfig, requireService } from '../config';
import { createDataSource } from './data-source';

/** The one DataSource the TypeORM CLI (migration:generate / migration:run) loads. */
export default createDataSource(requireService(loadConfig().databaseUrl, 'DATABASE_URL'));
