package io.iotpipeline.api.query;

import io.iotpipeline.model.SensorDay;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The UTC days of a range, newest first: the {@code day} keys of the sensor-day partitions a
 * newest-first read visits, in the order it visits them. Readers stop iterating once they have
 * enough rows, so a long range with recent data costs one or two partition reads.
 */
public final class DayPartitions implements Iterable<LocalDate> {

  private final LocalDate newest;
  private final LocalDate oldest;

  public DayPartitions(TimeRange range) {
    this.newest = SensorDay.utcDay(range.to());
    this.oldest = SensorDay.utcDay(range.from());
  }

  public int count() {
    return (int) (newest.toEpochDay() - oldest.toEpochDay() + 1);
  }

  @Override
  public Iterator<LocalDate> iterator() {
    return new Iterator<>() {
      private LocalDate next = newest;

      @Override
      public boolean hasNext() {
        return !next.isBefore(oldest);
      }

      @Override
      public LocalDate next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        LocalDate day = next;
        next = next.minusDays(1);
        return day;
      }
    };
  }

  public List<LocalDate> toList() {
    List<LocalDate> days = new ArrayList<>(count());
    forEach(days::add);
    return days;
  }

  /**
   * First day of each UTC month in the range, newest first: partitions of {@code sensor_agg_hour}.
   */
  public List<LocalDate> months() {
    List<LocalDate> months = new ArrayList<>();
    for (LocalDate month = newest.withDayOfMonth(1);
        !month.isBefore(oldest.withDayOfMonth(1));
        month = month.minusMonths(1)) {
      months.add(month);
    }
    return months;
  }

  /** UTC years in the range, newest first: partitions of {@code sensor_agg_day}. */
  public List<Integer> years() {
    List<Integer> years = new ArrayList<>();
    for (int year = newest.getYear(); year >= oldest.getYear(); year--) {
      years.add(year);
    }
    return years;
  }
}
