import { ApiProperty } from '@nestjs/swagger';
import { NoticeDto } from '../applications/applications.dto';
import { TaskDto } from './tasks.dto';

/** One task with what the officer needs beside it: the supplement notices its step asked on. */
export class TaskDetailDto extends TaskDto {
  @ApiProperty({
    type: [NoticeDto],
    description:
      'Consolidated supplement notices carrying a request of this step, oldest first: every item (this department’s and the others’) and the enterprise’s answer once given',
  })
  notices: NoticeDto[];
}
