/**
 * The ECharts build the console uses: only line and bar charts with grid, tooltip and legend on the
 * canvas renderer (tree-shaken through `echarts/core`). Imported by lazily loaded pages only, so
 * ECharts stays out of the main chunk.
 */
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([LineChart, BarChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

export { echarts };
