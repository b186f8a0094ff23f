/**
 * The only module that imports chart.js, loaded with a dynamic import() after the numbers are
 * painted (Home Assistant's pattern). Registers just the controllers and elements the widgets use.
 */
import {
  ArcElement, BarController, BarElement, CategoryScale, Chart, DoughnutController, Legend, LinearScale,
  LineController, LineElement, PointElement, Tooltip,
} from 'chart.js';

Chart.register(
  ArcElement, BarController, BarElement, CategoryScale, DoughnutController, Legend, LinearScale,
  LineController, LineElement, PointElement, Tooltip,
);

export { Chart };
