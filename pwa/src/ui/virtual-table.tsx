import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

/**
 * A table of fixed-height rows that renders only the rows in view (plus a few either side), so
 * tens of thousands of rows cost as much as a screenful. It stays a real <table>: spacer rows
 * above and below stand in for the rows not rendered, and `aria-rowcount`/`aria-rowindex` tell
 * assistive technology the true size and position.
 */
type Props<T> = {
  items: readonly T[];
  rowHeight: number;
  height: number;
  overscan?: number;
  label: string;
  columnCount: number;
  head: ComponentChildren;
  renderRow: (item: T, index: number) => ComponentChildren;
  rowKey: (item: T) => string;
};

export function visibleRange(
  scrollTop: number,
  height: number,
  rowHeight: number,
  count: number,
  overscan: number,
) {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((scrollTop + height) / rowHeight) + overscan);
  return { first, last };
}

export function VirtualTable<T>(props: Props<T>) {
  const { items, rowHeight, height, overscan = 6 } = props;
  const container = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  useEffect(() => {
    // A new result set starts at the top.
    if (items && container.current) container.current.scrollTop = 0;
    setScrollTop(0);
  }, [items]);
  const { first, last } = visibleRange(scrollTop, height, rowHeight, items.length, overscan);
  const rows: ComponentChildren[] = [];
  for (let index = first; index < last; index++) {
    const item = items[index] as T;
    rows.push(
      <tr key={props.rowKey(item)} aria-rowindex={index + 2} style={{ height: `${rowHeight}px` }}>
        {props.renderRow(item, index)}
      </tr>,
    );
  }
  return (
    <div
      ref={container}
      class="vtable"
      style={{ height: `${height}px` }}
      onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
    >
      <table aria-label={props.label} aria-rowcount={items.length + 1}>
        <thead>{props.head}</thead>
        <tbody>
          {first > 0 && (
            <tr class="spacer" style={{ height: `${first * rowHeight}px` }}>
              <td colSpan={props.columnCount} />
            </tr>
          )}
          {rows}
          {last < items.length && (
            <tr class="spacer" style={{ height: `${(items.length - last) * rowHeight}px` }}>
              <td colSpan={props.columnCount} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
