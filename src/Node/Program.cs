using Shoal.Node;

ShoalApp.Create(args).Run();
