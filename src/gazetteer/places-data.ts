// The gazetteer's committed data (places.json): China's 统计用区划 names and codes, compacted, validated with zod.
import { z } from 'zod';

const codeName = z.tuple([z.string().regex(/^\d+$/), z.string().min(1)]);
/** One 区县's 乡级 places: its 6-digit code, then each place as its last 3 code digits + name (「001东华门街道」). */
const areaStreets = z.array(z.string()).min(2);

export const placesDataSchema = z.object({
  source: z.string(),
  /** [code, name] of every 省级 unit (直辖市 included). */
  provinces: z.array(codeName),
  /** [code, name] of 地级 units; a 直辖市 appears once, under its 2-digit province code (「12」 天津市). */
  cities: z.array(codeName),
  /** [code, name] of 县级 units by level; an area's city is the city whose code starts its own (4 digits, else 2). */
  areas: z.object({ 区: z.array(codeName), 县: z.array(codeName), 市: z.array(codeName) }),
  /** 乡级 units by level, grouped by 区县 (see areaStreets). */
  streets: z.object({ 街道: z.array(areaStreets), 镇: z.array(areaStreets), 乡: z.array(areaStreets) }),
});

export type PlacesData = z.infer<typeof placesDataSchema>;

export const emptyPlacesData: PlacesData = {
  source: 'empty',
  provinces: [],
  cities: [],
  areas: { 区: [], 县: [], 市: [] },
  streets: { 街道: [], 镇: [], 乡: [] },
};
