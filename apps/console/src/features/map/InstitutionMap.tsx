/**
 * The directory's map (Leaflet through react-leaflet, in its own chunk with Leaflet's stylesheet: loaded
 * only when the map is shown): a marker for each institution of the list that has coordinates, the search
 * centre and radius when the list was searched near a place, the view fitted around them all.
 *
 * Keyboard: the map takes the focus (arrows pan, + / − zoom), each marker is a button in the tab order
 * (Leaflet's own), Enter opens its popup and moves the focus to the popup's 查看详情, Esc closes it and the
 * focus goes back to the marker. The list beside stays the primary view: it has the same facts.
 *
 * Coordinates are drawn as stored (WGS-84 assumed, see server/settings.ts `MapTiles`): tiles must be in
 * WGS-84 / Web Mercator; GCJ-02 tiles would show every marker a few hundred metres off.
 */
import 'leaflet/dist/leaflet.css';
import './map.css';
import { useEffect, useMemo } from 'react';
import { divIcon, type LeafletEventHandlerFnMap, type Marker as LeafletMarker, type PopupEvent } from 'leaflet';
import { AttributionControl, Circle, MapContainer, Marker, Popup, TileLayer, ZoomControl, useMap } from 'react-leaflet';
import { Button } from 'antd';
import type { MapTilesConfig } from '../../auth/oidc';
import { formatDateTime } from '../../shared/time';
import { useMapI18n, type MapI18n } from './i18n';
import { boundsOf, distanceText, escapeHtml, freeBedsText, pointsKey, type LatLngTuple, type Place } from './model';

const PIN = divIcon({
  className: 'yy-map-pin',
  html: '<span aria-hidden="true"></span>',
  iconSize: [24, 24],
  iconAnchor: [12, 28],
  popupAnchor: [0, -26],
});
const CENTRE = divIcon({
  className: 'yy-map-centre',
  html: '<span aria-hidden="true"></span>',
  iconSize: [20, 20],
  iconAnchor: [10, 10],
  popupAnchor: [0, -10],
});

/** Leaflet's credit without its flag: the console shows only what the deployment's provider requires. */
const LEAFLET_PREFIX = '<a href="https://leafletjs.com">Leaflet</a>';
/** the API's radius when none is given (docs/api/institution-registry.md) */
const DEFAULT_RADIUS_KM = 10;

export interface InstitutionMapProps {
  tiles: MapTilesConfig;
  places: readonly Place[];
  centre?: LatLngTuple;
  radiusKm?: number;
  /** the id of the element that says how to work the map with the keyboard */
  describedBy?: string;
  onDetails(id: string): void;
}

/** The view around every point: once per new set of points (a new search, another page), never on a re-render. */
function FitView({ points }: { points: readonly LatLngTuple[] }) {
  const map = useMap();
  const key = pointsKey(points);
  useEffect(() => {
    const bounds = boundsOf(points);
    if (!bounds) return;
    if (points.length === 1) map.setView(points[0], 14);
    else map.fitBounds(bounds, { padding: [48, 48], maxZoom: 15 });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [map, key]);
  return null;
}

/**
 * The container as a labelled region, Leaflet's English in the popup's close button put into words, and
 * Esc closing the popup wherever the focus is in the map.
 */
function Accessible({ i18n, describedBy }: { i18n: MapI18n; describedBy?: string }) {
  const map = useMap();
  const { t } = i18n;
  useEffect(() => {
    const container = map.getContainer();
    container.setAttribute('role', 'region');
    container.setAttribute('aria-label', t('mapLabel'));
    if (describedBy) container.setAttribute('aria-describedby', describedBy);
    const closeButton = (e: PopupEvent) => {
      const close = e.popup.getElement()?.querySelector('.leaflet-popup-close-button');
      close?.setAttribute('aria-label', t('closePopup'));
      close?.setAttribute('title', t('closePopup'));
    };
    // Leaflet hears Esc only while the map itself has the focus: from a marker or a popup too
    const escape = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && container.querySelector('.leaflet-popup')) {
        e.stopPropagation();
        map.closePopup();
      }
    };
    map.on('popupopen', closeButton);
    container.addEventListener('keydown', escape);
    return () => {
      map.off('popupopen', closeButton);
      container.removeEventListener('keydown', escape);
    };
  }, [map, t, describedBy]);
  return null;
}

/** The popup's button, once React has drawn the popup's content (just after Leaflet opened it). */
function focusWhenDrawn(popup: HTMLElement, frames = 30): void {
  const button = popup.querySelector<HTMLElement>('button');
  if (button) button.focus();
  else if (frames > 0 && popup.isConnected) requestAnimationFrame(() => focusWhenDrawn(popup, frames - 1));
}

/** Enter on a marker opens its popup: the focus goes into it, and back to the marker when it closes. */
const focusHandlers: LeafletEventHandlerFnMap = {
  popupopen: (e) => {
    const marker = (e.target as LeafletMarker).getElement();
    const popup = (e as PopupEvent).popup.getElement();
    if (marker && popup && document.activeElement === marker) focusWhenDrawn(popup);
  },
  popupclose: (e) => {
    const marker = (e.target as LeafletMarker).getElement();
    const popup = (e as PopupEvent).popup.getElement();
    const active = document.activeElement;
    if (marker && (!active || active === document.body || popup?.contains(active))) marker.focus();
  },
};

function InstitutionPopup({ place, i18n, onDetails }: { place: Place; i18n: MapI18n; onDetails(id: string): void }) {
  const { t, lang, labels } = i18n;
  const i = place.institution;
  const km = distanceText(i.distanceKm);
  const free = freeBedsText(i, t);
  const capabilities = (i.capabilities ?? []).map((c) => labels.capability[c] ?? c).join(t('listSeparator'));
  return (
    <div className="yy-map-popup">
      <p className="yy-map-popup-name">{i.name}</p>
      <p>
        {labels.kind[i.kind] ?? i.kind}
        {i.divisionName ? ` · ${i.divisionName}` : ''}
      </p>
      {km ? <p>{t('distance', { km })}</p> : null}
      <p>
        {free ? t('freeBeds', { beds: free }) : t('freeBedsNone')}
        {free && i.operationsUpdatedAt ? t('freeBedsUpdated', { time: formatDateTime(i.operationsUpdatedAt, lang) }) : ''}
      </p>
      <p>{capabilities ? t('capabilities', { list: capabilities }) : t('capabilitiesNone')}</p>
      <div>
        <Button size="small" onClick={() => onDetails(i.id)} aria-label={t('detailsOf', { name: i.name })}>
          {t('details')}
        </Button>
      </div>
    </div>
  );
}

export function InstitutionMap({ tiles, places, centre, radiusKm, describedBy, onDetails }: InstitutionMapProps) {
  const i18n = useMapI18n();
  const { t, lang } = i18n;
  const points = useMemo(() => [...places.map((p) => p.position), ...(centre ? [centre] : [])], [places, centre]);
  const first = points[0] ?? ([35, 105] as LatLngTuple);
  const attribution = escapeHtml(tiles.attribution);
  return (
    <MapContainer
      className="yy-map"
      center={first}
      zoom={points.length ? 13 : 4}
      zoomControl={false}
      attributionControl={false}
      scrollWheelZoom={false}
    >
      {/* the page's own policy sends no Referer (same-origin); a tile provider's key restricted to this
          console's domain (天地图, and OpenStreetMap's tile policy) needs the origin, never the path */}
      <TileLayer
        url={tiles.tiles}
        attribution={attribution}
        referrerPolicy="strict-origin-when-cross-origin"
        {...(tiles.subdomains ? { subdomains: tiles.subdomains } : {})}
      />
      {/* keyed by language: Leaflet's controls take their words once, when made */}
      <ZoomControl key={`zoom-${lang}`} position="topleft" zoomInTitle={t('zoomIn')} zoomOutTitle={t('zoomOut')} />
      <AttributionControl key={`attribution-${lang}`} position="bottomright" prefix={LEAFLET_PREFIX} />
      <Accessible i18n={i18n} describedBy={describedBy} />
      <FitView points={points} />
      {centre ? (
        <>
          <Circle
            center={centre}
            radius={(radiusKm ?? DEFAULT_RADIUS_KM) * 1000}
            interactive={false}
            pathOptions={{ color: '#ad4e00', weight: 1, fillOpacity: 0.05 }}
          />
          <Marker key={`centre-${lang}`} position={centre} icon={CENTRE} title={t('centre')} eventHandlers={focusHandlers}>
            <Popup>
              <div className="yy-map-popup">
                <p className="yy-map-popup-name">{t('centreDetail', { lat: centre[0], lng: centre[1] })}</p>
                <p>{t('radius', { km: radiusKm ?? DEFAULT_RADIUS_KM })}</p>
              </div>
            </Popup>
          </Marker>
        </>
      ) : null}
      {places.map((place) => {
        const km = distanceText(place.institution.distanceKm);
        return (
          <Marker
            key={`${place.id}-${lang}`}
            position={place.position}
            icon={PIN}
            title={km ? t('markerTitleDistance', { name: place.name, km }) : t('markerTitle', { name: place.name })}
            eventHandlers={focusHandlers}
          >
            <Popup>
              <InstitutionPopup place={place} i18n={i18n} onDetails={onDetails} />
            </Popup>
          </Marker>
        );
      })}
    </MapContainer>
  );
}

export default InstitutionMap;
