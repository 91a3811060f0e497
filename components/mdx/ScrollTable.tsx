import type { ComponentPropsWithoutRef } from 'react';

/**
 * Markdown tables scroll sideways inside their own box on narrow screens
 * instead of widening the page. The box is focusable so keyboard readers
 * can scroll it too.
 */
export function ScrollTable(props: ComponentPropsWithoutRef<'table'>) {
  return (
    <div className="table-scroll my-6 overflow-x-auto" tabIndex={0}>
      <table {...props} className="my-0" />
    </div>
  );
}
