import { Card, DatePicker, Flex, Radio, Select, Space, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useT } from '../../i18n/preferences';
import { DIMENSIONS, type Dimension } from '../../lib/stats-data';
import { DAY_FORMAT, matchPreset, presetRange, RANGE_PRESETS, toDayRange, type DayRange } from './logic/date-range';
import type { NameList } from './use-stats-names';

export interface StatsFilterValues {
  /** null: the default preset, once the platform's zone says which days it covers. */
  range: DayRange | null;
  dimension: Dimension;
  projectId?: string;
  userId?: string;
}

interface StatsFiltersProps {
  filters: StatsFilterValues;
  /** The days shown (the default preset's until one is picked); null until the zone is known. */
  range: DayRange | null;
  dimension: Dimension;
  /** Today in the platform's zone, and the zone. */
  today: string | null;
  zone: string | null;
  isAdmin: boolean;
  projects: NameList;
  users: NameList;
  onChange: (patch: Partial<StatsFilterValues>) => void;
}

type DayPair = [dayjs.Dayjs, dayjs.Dayjs];
const toPickerValue = (range: DayRange): DayPair => [dayjs(range.start), dayjs(range.end)];

/** The range (presets, a picker, the platform's zone), the dimension, and the project and user filters. */
export function StatsFilters({ filters, range, dimension, today, zone, isAdmin, projects, users, onChange }: StatsFiltersProps) {
  const t = useT();
  const activePreset = range && today ? matchPreset(range, today) : null;

  return (
    <Card style={{ marginBottom: 16 }}>
      <Flex wrap gap={16} align="center">
        <Space wrap>
          <span data-testid="stats-presets">
            <Radio.Group
              optionType="button"
              value={activePreset ?? undefined}
              disabled={!today}
              onChange={(e) => today && onChange({ range: presetRange(e.target.value, today) })}
            >
              {RANGE_PRESETS.map((p) => (
                <Radio.Button key={p} value={p}>
                  {/* antd puts data-* of a Radio.Button on its hidden input; the label is what people click. */}
                  <span data-testid={`stats-preset-${p}`}>{t(`stats.preset.${p}`)}</span>
                </Radio.Button>
              ))}
            </Radio.Group>
          </span>
          <DatePicker.RangePicker
            allowClear={false}
            value={range ? toPickerValue(range) : null}
            format={DAY_FORMAT}
            disabled={!today}
            disabledDate={(d) => today !== null && d.format(DAY_FORMAT) > today}
            presets={today ? RANGE_PRESETS.map((p) => ({ label: t(`stats.preset.${p}`), value: toPickerValue(presetRange(p, today)) })) : []}
            onChange={(dates) => {
              const picked = toDayRange(dates?.[0], dates?.[1]);
              if (picked) onChange({ range: picked });
            }}
            aria-label={t('stats.range')}
            data-testid="stats-range"
          />
          {zone && (
            <Tooltip title={t('stats.zoneHint', { zone })}>
              <Typography.Text type="secondary" data-testid="stats-zone" data-zone={zone}>{zone}</Typography.Text>
            </Tooltip>
          )}
        </Space>
        <span data-testid="stats-dimension" data-value={dimension}>
          <Radio.Group value={dimension} onChange={(e) => onChange({ dimension: e.target.value as Dimension })} aria-label={t('stats.dimension')}>
            {DIMENSIONS.filter((d) => isAdmin || d !== 'user').map((d) => (
              <Radio.Button key={d} value={d}>
                <span data-testid={`stats-dimension-${d}`}>{t(`stats.dimension.${d}`)}</span>
              </Radio.Button>
            ))}
          </Radio.Group>
        </span>
        <NameFilter
          list={projects}
          value={filters.projectId}
          onChange={(projectId) => onChange({ projectId })}
          placeholder={t('stats.allProjects')}
          label={t('stats.project')}
          testId="stats-project"
        />
        {isAdmin && (
          <NameFilter
            list={users}
            value={filters.userId}
            onChange={(userId) => onChange({ userId })}
            placeholder={t('stats.allUsers')}
            label={t('stats.user')}
            testId="stats-user"
          />
        )}
      </Flex>
    </Card>
  );
}

interface NameFilterProps {
  list: NameList;
  value: string | undefined;
  placeholder: string;
  label: string;
  testId: string;
  onChange: (value: string | undefined) => void;
}

/** One project or user, searched by name; empty for all. */
function NameFilter({ list, value, placeholder, label, testId, onChange }: NameFilterProps) {
  return (
    <Select
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      style={{ width: 170 }}
      placeholder={placeholder}
      value={value}
      loading={list.loading}
      options={list.options}
      onChange={(v?: string) => onChange(v || undefined)}
      aria-label={label}
      data-testid={testId}
    />
  );
}
