/**
 * The map beside the directory's list, when this deployment has map tiles (CONSOLE_MAP_TILES): Leaflet
 * is fetched only now, in its own chunk; a failure to load it leaves a sentence, and the list, in place.
 */
import { Component, lazy, Suspense, useId, useMemo, type ReactNode } from 'react';
import { Alert, Flex, Spin, Typography } from 'antd';
import type { MapTilesConfig } from '../../auth/oidc';
import { useMapI18n } from './i18n';
import { centreOf, placesOf, type MapInstitution } from './model';

const InstitutionMap = lazy(() => import('./InstitutionMap'));

/** The map's chunk or Leaflet failed: a sentence in place of the map (the list stays). */
class MapBoundary extends Component<{ children: ReactNode; fallback: ReactNode }, { failed: boolean }> {
  state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  componentDidCatch(error: unknown) {
    console.error(error);
  }

  render() {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}

export interface MapPanelProps {
  tiles: MapTilesConfig;
  institutions: readonly MapInstitution[];
  /** the `near` filter ("lat,lng"): its place is the search centre */
  near?: string;
  radiusKm?: number;
  loading: boolean;
  onDetails(id: string): void;
}

export function MapPanel({ tiles, institutions, near, radiusKm, loading, onDetails }: MapPanelProps) {
  const { t } = useMapI18n();
  const help = useId();
  const places = useMemo(() => placesOf(institutions), [institutions]);
  const centre = useMemo(() => centreOf(near), [near]);
  const fallback = <Alert type="warning" showIcon title={t('mapFailed')} />;
  const waiting = (
    <Flex className="yy-map-waiting" justify="center" align="center" style={{ height: 440 }}>
      <Spin description={t('mapLoading')} />
    </Flex>
  );
  let body: ReactNode;
  if (loading) body = waiting;
  else if (places.length === 0 && !centre) body = institutions.length ? <Alert type="info" showIcon title={t('mapNoPlaces')} /> : null;
  else
    body = (
      <MapBoundary fallback={fallback}>
        <Suspense fallback={waiting}>
          <InstitutionMap tiles={tiles} places={places} centre={centre} radiusKm={radiusKm} describedBy={help} onDetails={onDetails} />
        </Suspense>
      </MapBoundary>
    );
  return (
    <Flex vertical gap={8}>
      {body}
      <Typography.Text type="secondary">
        {places.length ? `${t('mapCount', { count: places.length })} ` : ''}
        <span id={help}>{t('mapKeyboard')}</span>
      </Typography.Text>
    </Flex>
  );
}
