import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import type { Config } from '../../../libs/config';
import { FileRepository } from '../../../libs/persistence/repositories/file.repository';
import { ServiceCatalogRepository } from '../../../libs/persistence/repositories/service-catalog.repository';
import { GATEWAY_CONFIG } from '../infrastructure/config.provider';
import { repositoryProvider } from '../infrastructure/database.service';
import { FilesController } from './files.controller';
import { FilesService } from './files.service';
import { fileStoreProvider, incomingDirectory } from './files.store';
import { FilesSweeper } from './files.sweeper';
import { UploadLengthGuard, UploadSettleInterceptor } from './files.upload';

@Module({
  imports: [
    MulterModule.registerAsync({
      // On disk under generated names while it is checked (never the client's name), one file and
      // two short fields per request, and never more than FILE_MAX_BYTES read.
      useFactory: (config: Config) => ({
        dest: incomingDirectory(config),
        defParamCharset: 'utf8',
        // The name exactly as sent, so a name with a path is refused rather than silently cut down.
        preservePath: true,
        limits: { fileSize: config.files.maxBytes, files: 1, fields: 4, fieldSize: 1024, parts: 5 },
      }),
      inject: [GATEWAY_CONFIG],
    }),
  ],
  controllers: [FilesController],
  providers: [
    FilesService,
    FilesSweeper,
    UploadLengthGuard,
    UploadSettleInterceptor,
    fileStoreProvider,
    repositoryProvider(FileRepository),
    repositoryProvider(ServiceCatalogRepository),
  ],
})
export class FilesModule {}
