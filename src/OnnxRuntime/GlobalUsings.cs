// The upstream sources rely on System.Reflection being imported implicitly by their original build.
global using System.Reflection;
