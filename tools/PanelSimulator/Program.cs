// The panel simulator's command line; the simulator itself is the PanelSimulator library (see tools/README.md).
using PanelSimulator;

return await SimulatorCommand.Create().Parse(args).InvokeAsync();
