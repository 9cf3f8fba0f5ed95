/**
 * Where a city problem is: a point tapped on the map of the city's communities (a community
 * chosen first zooms the map to it; "my location" asks the browser), shown back as the
 * community and grid it falls in, or else an address typed in.
 */
import { useMemo, useState } from 'react';
import { Button, Input } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { CommunityMap, type MapArea } from '../shared/community-map';
import { featureAt, type LatLng } from '../shared/geo';

export interface Place {
  point: LatLng | null;
  address: string;
}

const nameOf = (a: MapArea & { nameEn?: string | null }, lng: string) => (lng === 'en' && a.nameEn ? a.nameEn : a.name);

/** The community and grid a point falls in (null outside the city). */
export function locate(areas: readonly MapArea[], p: LatLng) {
  const grid = featureAt(areas, p, (a) => a.kind === 'grid');
  const community = featureAt(areas, p, (a) => a.kind === 'community');
  return community ? { community, grid: grid ?? null } : null;
}

export function LocationPicker({
  areas,
  value,
  onChange,
  disabled,
}: {
  areas: readonly (MapArea & { nameEn?: string | null })[];
  value: Place;
  onChange: (next: Place) => void;
  disabled?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const [community, setCommunity] = useState('');
  const [locating, setLocating] = useState(false);
  const [locateError, setLocateError] = useState(false);
  const communities = useMemo(
    () => areas.filter((a) => a.kind === 'community').sort((a, b) => a.code.localeCompare(b.code)),
    [areas],
  );
  const where = value.point ? locate(areas, value.point) : null;
  const focus = useMemo(() => (community ? [community] : []), [community]);

  const myLocation = () => {
    if (!('geolocation' in navigator)) {
      setLocateError(true);
      return;
    }
    setLocating(true);
    setLocateError(false);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false);
        const point = { lat: pos.coords.latitude, lng: pos.coords.longitude };
        const found = locate(areas, point);
        if (found) setCommunity(found.community.code);
        onChange({ ...value, point });
      },
      () => {
        setLocating(false);
        setLocateError(true);
      },
      { enableHighAccuracy: true, timeout: 10_000 },
    );
  };

  return (
    <div className="yw-location" data-testid="report-location">
      <div className="yw-location-bar">
        <select
          className="yw-native-select"
          value={community}
          onChange={(e) => setCommunity(e.currentTarget.value)}
          aria-label={t('reports.community')}
          data-testid="report-community"
        >
          <option value="">{t('reports.wholeCity')}</option>
          {communities.map((c) => (
            <option key={c.code} value={c.code}>
              {nameOf(c, lng)}
            </option>
          ))}
        </select>
        <Button
          size="small"
          onClick={myLocation}
          loading={locating}
          disabled={disabled}
          data-testid="report-my-location"
        >
          {t('reports.myLocation')}
        </Button>
      </div>
      <p className="yw-muted yw-small">{t('reports.mapHint')}</p>
      <CommunityMap
        areas={areas}
        point={value.point}
        onPick={disabled ? undefined : (point) => onChange({ ...value, point })}
        focus={focus}
        highlight={where?.grid?.code ?? null}
        label={t('reports.mapLabel')}
        testId="report-map"
      />
      {locateError && (
        <p className="yw-material-error" role="alert">
          {t('reports.locateFailed')}
        </p>
      )}
      {value.point && (
        <div
          className="yw-location-picked"
          role="status"
          data-testid="report-picked"
          data-grid={where?.grid?.code ?? ''}
        >
          <span>
            {where
              ? t('reports.pickedIn', {
                  community: nameOf(where.community, lng),
                  grid: where.grid ? nameOf(where.grid, lng) : '',
                })
              : t('reports.pickedOutside')}
          </span>
          <Button size="mini" fill="none" onClick={() => onChange({ ...value, point: null })} disabled={disabled}>
            {t('reports.clearPoint')}
          </Button>
        </div>
      )}
      <label className="yw-field-label" htmlFor="report-address">
        {t('reports.address')}
      </label>
      <Input
        id="report-address"
        value={value.address}
        onChange={(address) => onChange({ ...value, address })}
        placeholder={t('reports.addressPlaceholder')}
        maxLength={200}
        disabled={disabled}
        clearable
        data-testid="report-address"
      />
      <p className="yw-muted yw-small">{t('reports.addressHint')}</p>
    </div>
  );
}
