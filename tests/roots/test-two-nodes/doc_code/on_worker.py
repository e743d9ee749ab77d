import ray

ray.init()


@ray.remote(resources={"special": 1})
def where():
    return ray.get_runtime_context().get_node_id()


node_id = ray.get(where.remote())
[node] = [n for n in ray.nodes() if n["NodeID"] == node_id]
assert node["Resources"].get("special") == 1, node
assert "node:__internal_head__" not in node["Resources"], "ran on the head node"
print("ran on", node["NodeManagerAddress"], node_id)


# Left behind on purpose: the run must leave nothing of the example on the cluster.
@ray.remote(num_cpus=0)
class Keeper:
    def ping(self):
        return 1


keeper = Keeper.remote()
named = Keeper.options(name="kept", lifetime="detached").remote()
group = ray.util.placement_group([{"CPU": 1}])
ray.get([keeper.ping.remote(), named.ping.remote(), group.ready()])
