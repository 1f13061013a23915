import { boundingBox, distanceKm } from './geo';

describe('geo', () => {
  it('measures Fuzhou to Xiamen at about 200 km', () => {
    const d = distanceKm({ lat: 26.0745, lng: 119.2965 }, { lat: 24.4798, lng: 118.0894 });
    expect(d).toBeGreaterThan(200);
    expect(d).toBeLessThan(225);
  });

  it('builds a box that contains every point within the radius', () => {
    const centre = { lat: 26.08, lng: 119.3 };
    const box = boundingBox(centre, 10);
    for (let bearing = 0; bearing < 360; bearing += 15) {
      const rad = (bearing * Math.PI) / 180;
      const p = {
        lat: centre.lat + (9.99 / 111.2) * Math.cos(rad),
        lng: centre.lng + (9.99 / (111.2 * Math.cos((centre.lat * Math.PI) / 180))) * Math.sin(rad),
      };
      expect(distanceKm(centre, p)).toBeLessThan(10.05);
      expect(p.lat).toBeGreaterThanOrEqual(box.minLat);
      expect(p.lat).toBeLessThanOrEqual(box.maxLat);
      expect(p.lng).toBeGreaterThanOrEqual(box.minLng);
      expect(p.lng).toBeLessThanOrEqual(box.maxLng);
    }
  });
});
