import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Page } from '@yiyang/http';
import { ValidationError, isValidJurisdiction } from '@yiyang/kernel';
import { InstitutionRepository } from '../persistence/institution.repository';
import { InstitutionResponse, toResponse } from '../shared/institution.response';
import { SearchInstitutionsQuery } from './search-institutions.dto';

@ApiTags('institutions')
@Controller('v1/institutions')
export class SearchInstitutionsController {
  constructor(private readonly repository: InstitutionRepository) {}

  /**
   * Filters by category, kind, capability, status and division prefix; with `near` (and `radiusKm`,
   * default 10), nearest first with `distanceKm`. Cursor-paginated.
   */
  @Get()
  async search(@Query() q: SearchInstitutionsQuery): Promise<Page<InstitutionResponse>> {
    if (q.division && !isValidJurisdiction(q.division)) throw new ValidationError([{ field: 'division', message: 'is not a GB/T 2260 division' }]);
    if (q.radiusKm !== undefined && !q.near) throw new ValidationError([{ field: 'radiusKm', message: 'needs near=lat,lng' }]);
    let near: { lat: number; lng: number } | undefined;
    if (q.near) {
      const [lat, lng] = q.near.split(',').map(Number);
      if (Math.abs(lat) > 90 || Math.abs(lng) > 180) throw new ValidationError([{ field: 'near', message: 'lat must be within ±90 and lng within ±180' }]);
      near = { lat, lng };
    }
    const result = await this.repository.search(
      { category: q.category, kind: q.kind, capability: q.capability, status: q.status, divisionPrefix: q.division, near, radiusKm: q.radiusKm },
      q.limit ?? 20,
      q.cursor,
    );
    return { items: result.items.map((i) => toResponse(i.state, i.distanceKm)), nextCursor: result.nextCursor };
  }
}
