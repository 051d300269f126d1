import { Injectable } from '@nestjs/common';
import {
  OpinionTemplateRepository,
  type OpinionTemplateRecord,
} from '../../../libs/persistence/repositories/opinion-template.repository';
import { departmentOf } from '../auth/auth.scope';
import type { Identity } from '../auth/auth.types';
import type { OpinionTemplateDto } from './opinion-templates.dto';
import { OpinionTemplatesErrors } from './opinion-templates.errors';

@Injectable()
export class OpinionTemplatesService {
  constructor(private readonly templates: OpinionTemplateRepository) {}

  async list(identity: Identity): Promise<OpinionTemplateDto[]> {
    return (await this.templates.list(departmentOf(identity))).map(toDto);
  }

  async add(identity: Identity, text: string): Promise<OpinionTemplateDto> {
    const phrase = text.trim();
    const added = await this.templates.add(departmentOf(identity), phrase, identity.username);
    if (!added) throw OpinionTemplatesErrors.duplicate(phrase);
    return toDto(added);
  }

  async remove(identity: Identity, id: string): Promise<void> {
    const template = await this.templates.findById(id);
    if (!template) throw OpinionTemplatesErrors.notFound(id);
    if (template.departmentCode !== departmentOf(identity)) throw OpinionTemplatesErrors.outOfScope(id);
    if (!(await this.templates.remove(id, template.departmentCode))) throw OpinionTemplatesErrors.notFound(id);
  }
}

function toDto(template: OpinionTemplateRecord): OpinionTemplateDto {
  return {
    id: template.id,
    departmentCode: template.departmentCode,
    text: template.text,
    createdBy: template.createdBy,
    createdAt: template.createdAt,
  };
}
