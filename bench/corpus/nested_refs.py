import ray

ray.init()

# __nested_refs_start__
inner = [ray.put(i) for i in range(3)]


@ray.remote
def count(refs):
    return len(refs), sum(ray.get(refs))  # refs inside a list are not resolved for us


assert ray.get(count.remote(inner)) == (3, 3)
# __nested_refs_end__
