// The console's ECharts build (pages/stats/echarts) plus the gauge, which only the monitor draws.
import { GaugeChart } from 'echarts/charts';
import { echarts } from '../stats/echarts';

echarts.use([GaugeChart]);
