import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Page } from '@yiyang/http';
import { ValidationError, isValidJurisdiction } from '@yiyang/kernel';
import { searchableName } from '../domain/institution';
import { InstitutionRepository } from '../persistence/institution.repository';
import { InstitutionResponse, toResponse } from '../shared/institution.response';
import { SearchInstitutionsQuery } from './search-institutions.dto';

@ApiTags('institutions')
@Controller('v1/institutions')
export class SearchInstitutionsController {
  constructor(private readonly repository: InstitutionRepository) {}

  /**
   * Filters by name (`q`, a part of it), USCC (exact), category, kind, capability, status and division
   * prefix; with `near` (and `radiusKm`, default 10), nearest first with `distanceKm`. Cursor-paginated.
   */
  @Get()
  async search(@Query() q: SearchInstitutionsQuery): Promise<Page<InstitutionResponse>> {
    if (q.division && !isValidJurisdiction(q.division))
      throw new ValidationError([{ field: 'division', message: 'is not a GB/T 2260 division' }]);
    if (q.radiusKm !== undefined && !q.near) throw new ValidationError([{ field: 'radiusKm', message: 'needs near=lat,lng' }]);
    let near: { lat: number; lng: number } | undefined;
    if (q.near) {
      const [lat, lng] = q.near.split(',').map(Number);
      if (Math.abs(lat) > 90 || Math.abs(lng) > 180)
        throw new ValidationError([{ field: 'near', message: 'lat must be within ±90 and lng within ±180' }]);
      near = { lat, lng };
    }
    // an empty (or all-blank) q is no filter; a q made only of characters NFKC drops is no filter either
    const name = q.q === undefined ? '' : searchableName(q.q);
    const result = await this.repository.search(
      {
        name: name || undefined,
        uscc: q.uscc?.toUpperCase(),
        category: q.category,
        kind: q.kind,
        capability: q.capability,
        status: q.status,
        divisionPrefix: q.division,
        near,
        radiusKm: q.radiusKm,
      },
      q.limit ?? 20,
      q.cursor,
    );
    return { items: result.items.map((i) => toResponse(i.state, i.distanceKm)), nextCursor: result.nextCursor };
  }
}
