import 'uplot/dist/uPlot.min.css';
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import { minutesAxisRange } from './dashboard-format';

/**
 * A uPlot line chart of series over time, sized to its container and redrawn when resized.
 * Values are minutes; `null` leaves a gap (a period without answers).
 */
export type ChartSeries = { label: string; values: (number | null)[]; color: string; dash?: number[] };

type Props = { title: string; times: number[]; series: ChartSeries[]; height?: number };

export function TimeChart({ title, times, series, height = 220 }: Props) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const styles = getComputedStyle(element);
    const axisColor = styles.color;
    const gridColor = styles.getPropertyValue('--border').trim() || '#ccc';
    const axis = { stroke: axisColor, grid: { stroke: gridColor, width: 1 }, ticks: { stroke: gridColor } };
    const chart = new uPlot(
      {
        width: Math.max(280, element.clientWidth),
        height,
        title,
        // Response times start at zero: a lone point or a flat line stays inside the plot, above its axis.
        scales: { x: { time: true }, y: { range: (_chart, _min, max) => minutesAxisRange(max) } },
        // Labels only: values under the cursor would read "--" until someone hovers a point.
        legend: { live: false },
        axes: [axis, { ...axis, label: 'business minutes' }],
        series: [
          {},
          ...series.map((item) => ({
            label: item.label,
            stroke: item.color,
            width: 2,
            dash: item.dash,
            spanGaps: false,
            points: { show: true },
          })),
        ],
      },
      [times.map((ms) => ms / 1000), ...series.map((item) => item.values)] as uPlot.AlignedData,
      element,
    );
    const observer = new ResizeObserver(() =>
      chart.setSize({ width: Math.max(280, element.clientWidth), height }),
    );
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.destroy();
    };
  }, [title, times, series, height]);
  return <div class="chart" ref={host} role="img" aria-label={title} />;
}
